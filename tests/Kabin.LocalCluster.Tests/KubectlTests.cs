using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.LocalCluster.Tests;

/// <summary>The real kubectl against the standalone local cluster, one step of the local-cluster issue per test.</summary>
public sealed class KubectlTests(StandaloneCluster cluster) : IClassFixture<StandaloneCluster>
{
    private readonly Kubectl _kubectl = cluster.Kubectl;

    [Fact]
    public async Task Version_names_the_local_server()
    {
        var output = await _kubectl.SucceedAsync("version", "-o", "json");

        Assert.EndsWith("-kabin-local", JsonNode.Parse(output)!["serverVersion"]!["gitVersion"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_resources_lists_every_kind_Kabin_uses()
    {
        var output = await _kubectl.SucceedAsync("api-resources", "-o", "name");

        foreach (var name in new[] { "pods", "namespaces", "deployments.apps", "networkpolicies.networking.k8s.io", "runtimeclasses.node.k8s.io",
            "validatingwebhookconfigurations.admissionregistration.k8s.io", "services.serving.knative.dev", "sandboxes.agents.x-k8s.io", "sandboxclaims.extensions.agents.x-k8s.io" })
        {
            Assert.Contains(name, output.Split('\n'));
        }
    }

    [Fact]
    public async Task Create_namespace_then_get_it()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-create");

        var phase = await _kubectl.SucceedAsync("get", "namespace", "kubectl-create", "-o", "jsonpath={.status.phase}");

        Assert.Equal("Active", phase);
    }

    [Fact]
    public async Task Server_side_apply_refuses_another_managers_change_until_forced()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-apply");
        var manifest = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "deployment.yaml"));
        var scaled = manifest.Replace("replicas: 2", "replicas: 5", StringComparison.Ordinal);

        var first = await _kubectl.RunAsync(["apply", "--server-side", "-f", "-"], manifest);
        var conflicting = await _kubectl.RunAsync(["apply", "--server-side", "--field-manager=ops", "-f", "-"], scaled);
        var unchanged = await _kubectl.SucceedAsync("get", "deployment", "web", "-n", "kubectl-apply", "-o", "jsonpath={.spec.replicas}");
        var forced = await _kubectl.RunAsync(["apply", "--server-side", "--field-manager=ops", "--force-conflicts", "-f", "-"], scaled);
        var replicas = await _kubectl.SucceedAsync("get", "deployment", "web", "-n", "kubectl-apply", "-o", "jsonpath={.spec.replicas}");

        Assert.Equal((0, "deployment.apps/web serverside-applied\n"), (first.ExitCode, first.Output));
        Assert.NotEqual(0, conflicting.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas", conflicting.Errors, StringComparison.Ordinal);
        Assert.Equal("2", unchanged);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("5", replicas);
    }

    [Fact]
    public async Task Get_with_a_set_based_selector_pages_one_pod_at_a_time()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-select");
        await ApplyPodAsync("kubectl-select", "p1", "a: b\n    c: d");
        await ApplyPodAsync("kubectl-select", "p2", "a: b\n    c: e");
        await ApplyPodAsync("kubectl-select", "p3", "a: x\n    c: d");

        var output = await _kubectl.SucceedAsync("get", "pods", "-n", "kubectl-select", "-l", "a=b,c in (d, e)", "-o", "json", "--chunk-size=1");

        var names = JsonNode.Parse(output)!["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(["p1", "p2"], names);
    }

    [Fact]
    public async Task Get_pods_watch_sees_an_update()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-watch");
        await ApplyPodAsync("kubectl-watch", "watched", "a: b");
        var watching = _kubectl.RunAsync(["get", "pods", "-n", "kubectl-watch", "-w", "--output-watch-events", "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name,MARK:.object.metadata.labels.mark", "--request-timeout=8s"], stdin: null, TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => (await cluster.Kubectl.RunAsync("get", "pods", "-n", "kubectl-watch", "watched", "-o", "jsonpath={.status.phase}")).Output == "Running", 30);
        await Task.Delay(500);

        await _kubectl.SucceedAsync("label", "pod", "watched", "-n", "kubectl-watch", "mark=seen");

        var watched = await watching;
        Assert.Contains(watched.Output.Split('\n'), line => line.StartsWith("MODIFIED", StringComparison.Ordinal) && line.Contains("seen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_namespace_waits_for_a_pod_finalizer()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-delete");
        await ApplyPodAsync("kubectl-delete", "held", "a: b");
        await _kubectl.SucceedAsync("patch", "pod", "held", "-n", "kubectl-delete", "--type=merge", "-p", """{"metadata":{"finalizers":["kabin.dev/hold"]}}""");

        var deleting = _kubectl.RunAsync(["delete", "namespace", "kubectl-delete", "--wait", "--timeout=30s"], stdin: null, TimeSpan.FromSeconds(45));
        await Eventually.HoldsAsync(async () => (await cluster.Kubectl.RunAsync("get", "namespace", "kubectl-delete", "-o", "jsonpath={.status.phase}")).Output == "Terminating", 30);
        await Task.Delay(1000);
        var stillWaiting = !deleting.IsCompleted;
        var refused = await _kubectl.RunAsync("create", "configmap", "late", "-n", "kubectl-delete");
        await _kubectl.SucceedAsync("patch", "pod", "held", "-n", "kubectl-delete", "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""");
        var deleted = await deleting;
        var gone = await _kubectl.RunAsync("get", "namespace", "kubectl-delete");

        Assert.True(stillWaiting, "kubectl delete --wait returned while the pod's finalizer still held the namespace");
        Assert.Contains("unable to create new content in namespace kubectl-delete because it is being terminated", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("NotFound", gone.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_runs_in_the_pod_and_passes_its_exit_code()
    {
        await RunningPodAsync("kubectl-exec", "shell");

        var result = await _kubectl.RunAsync("exec", "-n", "kubectl-exec", "shell", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3");

        Assert.Equal((3, "hi\n"), (result.ExitCode, result.Output));
        Assert.Contains("oops", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cp_copies_a_file_into_the_pods_own_root_and_back()
    {
        await RunningPodAsync("kubectl-cp", "files");
        var folder = Path.GetDirectoryName(cluster.KubeconfigPath)!;
        var source = Path.Combine(folder, "cp-source.txt");
        var back = Path.Combine(folder, "cp-back.txt");
        await File.WriteAllTextAsync(source, "payload " + Guid.NewGuid());

        await _kubectl.SucceedAsync("cp", source, "kubectl-cp/files:/work/cp.txt");
        var inside = await _kubectl.SucceedAsync("exec", "-n", "kubectl-cp", "files", "--", "cat", "/work/cp.txt");
        await _kubectl.SucceedAsync("cp", "kubectl-cp/files:/work/cp.txt", back);

        Assert.Equal(await File.ReadAllTextAsync(source), inside);
        Assert.Equal(await File.ReadAllTextAsync(source), await File.ReadAllTextAsync(back));
        Assert.False(File.Exists("/work/cp.txt"), "the pod's /work is the host's");
    }

    [Fact]
    public async Task Auth_can_i_answers_from_the_applied_rbac()
    {
        await _kubectl.SucceedAsync("create", "namespace", "kubectl-rbac");
        var rbac = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "rbac.yaml"));
        var applied = await _kubectl.RunAsync(["apply", "--server-side", "-f", "-"], rbac);

        var list = await _kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", "kubectl-rbac", "--as=alice@acme.example");
        var delete = await _kubectl.RunAsync("auth", "can-i", "delete", "pods", "-n", "kubectl-rbac", "--as=alice@acme.example");
        var elsewhere = await _kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", "default", "--as=alice@acme.example");
        var forbidden = await _kubectl.RunAsync("get", "secrets", "-n", "kubectl-rbac", "--as=alice@acme.example");

        Assert.Equal(0, applied.ExitCode);
        Assert.Equal((0, "yes"), (list.ExitCode, list.Output.Trim()));
        Assert.Equal((1, "no"), (delete.ExitCode, delete.Output.Trim()));
        Assert.Equal((1, "no"), (elsewhere.ExitCode, elsewhere.Output.Trim()));
        Assert.Contains("User \"alice@acme.example\" cannot list resource \"secrets\"", forbidden.Errors, StringComparison.Ordinal);
    }

    private async Task ApplyPodAsync(string namespaceName, string name, string labels)
    {
        var pod = $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
              namespace: {namespaceName}
              labels:
                {labels}
            spec:
              runtimeClassName: kata-qemu
              containers:
                - name: sandbox
                  image: ghcr.io/acme/runner:1
            """;
        var result = await _kubectl.RunAsync(["apply", "--server-side", "-f", "-"], pod);
        Assert.True(result.ExitCode == 0, result.Errors);
    }

    private async Task RunningPodAsync(string namespaceName, string name)
    {
        await _kubectl.SucceedAsync("create", "namespace", namespaceName);
        await ApplyPodAsync(namespaceName, name, "a: b");
        var wait = await _kubectl.RunAsync(["wait", "--for=jsonpath={.status.phase}=Running", $"pod/{name}", "-n", namespaceName, "--timeout=60s"], stdin: null, TimeSpan.FromSeconds(90));
        Assert.True(wait.ExitCode == 0, $"kubectl wait: {wait.Errors}; the cluster printed: {cluster.Output}");
    }
}
