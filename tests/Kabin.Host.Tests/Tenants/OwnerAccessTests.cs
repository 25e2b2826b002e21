using Kabin.Host.Tests.Sandboxes;
using Kabin.Host.Tests.Support;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.Host.Tests.Tenants;

/// <summary>
/// The multi-tenancy benchmark's RBAC checks, asked with <c>kubectl auth can-i --as=</c> the tenant's
/// owner against the local cluster, with knative/rbac-tenant-admin.yaml and the webhooks applied
/// and tenant acme provisioned by the host in apply mode.
/// </summary>
public sealed class OwnerAccessTests : IAsyncLifetime, IDisposable
{
    private const string Owner = "--as=alice@acme.example";
    private readonly SandboxHostFixture _fixture = new();
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"kabin-owner-kubeconfig-{Guid.NewGuid():N}.yaml");
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _fixture.Server.WriteKubeconfig(_kubeconfig);
        _kubectl = new Kubectl(_kubeconfig);
        var role = await File.ReadAllTextAsync(Path.Combine(Api.Api.RepositoryRoot(), "knative", "rbac-tenant-admin.yaml"));
        Assert.Equal(0, (await _kubectl.RunAsync(["apply", "--server-side", "-f", "-"], role)).ExitCode);
        using var cluster = new HttpClient { BaseAddress = _fixture.Server.BaseAddress };
        await ClusterWebhooks.RegisterAsync(cluster, _fixture.Host.BaseAddress);
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public void Dispose() => File.Delete(_kubeconfig);

    [Theory]
    // MTB-PL2-BC-OPS-3: roles and role bindings of their own.
    [InlineData("create", "rolebindings", "yes")]
    [InlineData("delete", "roles", "yes")]
    // MTB-PL1-CC-TI-1: the quota is read, never changed.
    [InlineData("get", "resourcequotas", "yes")]
    [InlineData("create", "resourcequotas", "no")]
    [InlineData("update", "resourcequotas", "no")]
    [InlineData("patch", "resourcequotas", "no")]
    [InlineData("delete", "resourcequotas", "no")]
    [InlineData("deletecollection", "resourcequotas", "no")]
    [InlineData("delete", "limitranges", "no")]
    // Read only until the guard rails are AdminNetworkPolicies (docs/tenants.md).
    [InlineData("get", "networkpolicies", "yes")]
    [InlineData("create", "networkpolicies", "no")]
    public async Task An_owner_may_in_the_tenants_namespace(string verb, string resource, string expected)
    {
        var answer = await _kubectl.RunAsync("auth", "can-i", verb, resource, "-n", "tenant-acme", Owner);

        Assert.Equal(expected, answer.Output.Trim());
    }

    [Theory]
    // MTB-PL1-CC-CPI-1: nothing cluster-scoped, nothing in another namespace.
    [InlineData("list", "nodes", null)]
    [InlineData("create", "clusterrolebindings", null)]
    [InlineData("get", "namespaces", null)]
    [InlineData("list", "pods", "kube-system")]
    [InlineData("create", "rolebindings", "default")]
    public async Task An_owner_may_not_beyond_the_tenants_namespace(string verb, string resource, string? namespaceName)
    {
        string[] scope = namespaceName is null ? [] : ["-n", namespaceName];

        var answer = await _kubectl.RunAsync(["auth", "can-i", verb, resource, .. scope, Owner]);

        Assert.Equal("no", answer.Output.Trim());
    }

    [Fact]
    public async Task Kabins_own_role_bindings_cannot_be_deleted_or_relabelled_by_the_owner_who_may_add_their_own()
    {
        var bindings = await _kubectl.SucceedAsync("get", "rolebindings", "-n", "tenant-acme", "-l", "kabin.dev/binding=owner", "-o", "name");
        var kabins = bindings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First();

        var delete = await _kubectl.RunAsync("delete", kabins, "-n", "tenant-acme", Owner);
        var relabel = await _kubectl.RunAsync("label", kabins, "-n", "tenant-acme", "app.kubernetes.io/managed-by=me", "--overwrite", Owner);
        // kubectl create sends built-in kinds as protobuf, which the local cluster does not read: apply sends JSON.
        var own = await _kubectl.RunAsync(
            ["apply", "--server-side", "-f", "-", Owner],
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: ci, namespace: tenant-acme }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kabin-tenant-admin }
            subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: ci@acme.example }]
            """);
        var disguised = await _kubectl.RunAsync(
            ["apply", "--server-side", "-f", "-", Owner],
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: looks-like-kabins
              namespace: tenant-acme
              labels: { app.kubernetes.io/managed-by: kabin }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kabin-tenant-admin }
            subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory@evil.example }]
            """);

        Assert.NotEqual(0, delete.ExitCode);
        Assert.Contains("is managed by Kabin", delete.Errors, StringComparison.Ordinal);
        Assert.NotEqual(0, relabel.ExitCode);
        Assert.Contains("[tenancy/managed-object]", relabel.Errors, StringComparison.Ordinal);
        Assert.True(own.ExitCode == 0, own.Errors);
        Assert.NotEqual(0, disguised.ExitCode);
        Assert.Contains("may not carry app.kubernetes.io/managed-by: kabin", disguised.Errors, StringComparison.Ordinal);
        Assert.NotNull(_fixture.Server.Find("rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-acme", kabins.Split('/')[^1]));
    }
}
