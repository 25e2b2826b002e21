using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.LocalCluster;

namespace Kabin.Security.Tests.Support;

/// <summary>
/// A local cluster as a real one is (HTTPS, authentication, RBAC, simulated kubelet) and the host
/// applying to it with its kubeconfig, as "in a cluster": the setting of most threats.
/// </summary>
public sealed class ClusterWorld : IAsyncDisposable
{
    private readonly HttpClient _admin;

    private ClusterWorld(KubeApiServerDouble cluster, AttackedHost host, string kubeconfig)
    {
        Cluster = cluster;
        Host = host;
        Kubeconfig = kubeconfig;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && Trusted(certificate),
        };
        _admin = new HttpClient(handler) { BaseAddress = cluster.BaseAddress };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KubeApiServerDouble.AdminToken);
    }

    public KubeApiServerDouble Cluster { get; }

    public AttackedHost Host { get; }

    public string Kubeconfig { get; }

    /// <summary>Starts both; the host sees <c>KUBERNETES_SERVICE_HOST</c> as a pod does, so its defaults are the in-cluster ones.</summary>
    public static async Task<ClusterWorld> StartAsync(params string[] hostArgs)
    {
        var cluster = await KubeApiServerDouble.StartAsync(new LocalClusterOptions { Tls = true, Secure = true, Kubelet = true });
        var folder = Path.Combine(Path.GetTempPath(), "kabin-security-world", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var kubeconfig = cluster.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        var host = await AttackedHost.StartAsync([$"--Kabin:Cluster:Kubeconfig={kubeconfig}", "--Kabin:Cluster:Mode=apply", "--KUBERNETES_SERVICE_HOST=kubernetes.default.svc", .. hostArgs]);
        return new ClusterWorld(cluster, host, kubeconfig);
    }

    /// <summary>A token of service account <paramref name="name"/> in <paramref name="namespaceName"/> (created if missing), as the kubelet projects into a tenant's pod.</summary>
    public async Task<string> ServiceAccountTokenAsync(string namespaceName, string name, string? audience = null)
    {
        await _admin.PostAsync($"api/v1/namespaces/{namespaceName}/serviceaccounts", Json(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = name },
        }));
        using var answer = await _admin.PostAsync($"api/v1/namespaces/{namespaceName}/serviceaccounts/{name}/token", Json(new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject { ["expirationSeconds"] = 3600, ["audiences"] = audience is null ? new JsonArray() : new JsonArray(audience) },
        }));
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["status"]!["token"]!.GetValue<string>();
    }

    /// <summary>A request to the cluster as its administrator.</summary>
    public Task<HttpResponseMessage> ClusterAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        _admin.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, contentType) });

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private bool Trusted(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(Cluster.CertificateAuthorityPem!);
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Host.DisposeAsync();
        await Cluster.DisposeAsync();
        if (Path.GetDirectoryName(Kubeconfig) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
