using System.Text.Json.Nodes;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.LocalCluster.Tests;

/// <summary>Client certificates the cluster's CA signed authenticate as their CN, in their O groups; RBAC then decides.</summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-client-cert-tests", Guid.NewGuid().ToString("N"));
    private KubeApiServerDouble _cluster = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _cluster = await KubeApiServerDouble.StartAsync(new LocalClusterOptions { Tls = true, Secure = true });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Kubectl_with_a_signed_client_certificate_is_its_user_and_nothing_more()
    {
        var kubectl = new Kubectl(_cluster.WriteClientCertificateKubeconfig(Path.Combine(_folder, "bob.kubeconfig"), "bob", "acme-devs"));

        var whoami = JsonNode.Parse(await kubectl.SucceedAsync("auth", "whoami", "-o", "json"))!;
        var pods = await kubectl.RunAsync("get", "pods", "-A");

        Assert.Equal("bob", whoami["status"]!["userInfo"]!["username"]!.GetValue<string>());
        Assert.Contains("acme-devs", whoami["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Contains("User \"bob\" cannot list resource \"pods\"", pods.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_credentials_is_401()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = _cluster.BaseAddress };

        var response = await http.GetAsync("api/v1/namespaces");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
