using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Authentication;
using Kabin.Adapters.Kubernetes;
using Kabin.Cluster;
using Kabin.LocalCluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.Cluster;

/// <summary>The connection to an HTTPS API server: cluster CA as trust root, client certificate, bearer token.</summary>
public sealed class ApiServerConnectionTests : IDisposable
{
    private static readonly ResourceRef TenantNamespace = new("v1", "Namespace", null, "tenant-a");
    private readonly TestAuthority _clusterCa = TestAuthority.Create("kubernetes-ca");
    private readonly string _folder = Directory.CreateTempSubdirectory("kabin-connection-tests").FullName;

    [Fact]
    public async Task A_kubeconfig_with_the_cluster_CA_a_client_certificate_and_a_token_reaches_an_HTTPS_API_server()
    {
        using var serverCertificate = _clusterCa.IssueServer();
        await using var server = await StartAsync(serverCertificate);
        using var user = _clusterCa.IssueClient("kabin-user");
        var kubeconfig = WriteKubeconfig(server.BaseAddress, user, token: "secret-token");
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddKabinCluster(
                new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kabin:Cluster:Kubeconfig"] = kubeconfig }).Build(),
                _ => null)
            .BuildServiceProvider();

        var found = await provider.GetRequiredService<IClusterClient>().GetAsync(TenantNamespace, CancellationToken.None);

        Assert.Equal("tenant-a", found?["metadata"]?["name"]?.ToString());
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("https://", server.BaseAddress.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer secret-token", request.Authorization);
        Assert.Equal("CN=kabin-user", request.ClientCertificate);
    }

    [Fact]
    public async Task The_bearer_token_is_read_from_the_service_account_token_file()
    {
        using var serverCertificate = _clusterCa.IssueServer();
        await using var server = await StartAsync(serverCertificate);
        var tokenFile = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenFile, "projected-token\n");
        using var connection = ApiServerConnection.Create(new KubernetesClientConfiguration
        {
            Host = server.BaseAddress.ToString(),
            SslCaCerts = [_clusterCa.Certificate],
            TokenProvider = new TokenFileAuth(tokenFile),
        });

        await Client(connection).GetAsync(TenantNamespace, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer projected-token", request.Authorization);
        Assert.Null(request.ClientCertificate);
    }

    [Fact]
    public async Task A_server_certificate_from_another_authority_is_refused_before_any_request_is_sent()
    {
        using var otherCa = TestAuthority.Create("somebody-else");
        using var serverCertificate = otherCa.IssueServer();

        await AssertRefusedAsync(serverCertificate);
    }

    [Fact]
    public async Task A_server_certificate_for_another_name_is_refused_even_from_the_cluster_CA()
    {
        using var serverCertificate = _clusterCa.IssueServer(dnsName: "other.example");

        await AssertRefusedAsync(serverCertificate);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_server_certificate()
    {
        using var otherCa = TestAuthority.Create("somebody-else");
        using var serverCertificate = otherCa.IssueServer();
        await using var server = await StartAsync(serverCertificate);
        using var connection = ApiServerConnection.Create(new KubernetesClientConfiguration
        {
            Host = server.BaseAddress.ToString(),
            SkipTlsVerify = true,
        });

        var found = await Client(connection).GetAsync(TenantNamespace, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void A_host_that_is_not_an_absolute_URL_is_refused_with_the_value()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ApiServerConnection.Create(new KubernetesClientConfiguration { Host = "not a url" }));

        Assert.Contains("not a url", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _clusterCa.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<KubeApiServerDouble> StartAsync(X509Certificate2 serverCertificate)
    {
        var server = await KubeApiServerDouble.StartHttpsAsync(serverCertificate);
        server.Seed(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "tenant-a" } });
        return server;
    }

    /// <summary>A connection that trusts the cluster CA refuses the server before sending it anything, the token included.</summary>
    private async Task AssertRefusedAsync(X509Certificate2 serverCertificate)
    {
        await using var server = await StartAsync(serverCertificate);
        using var connection = ApiServerConnection.Create(new KubernetesClientConfiguration
        {
            Host = server.BaseAddress.ToString(),
            SslCaCerts = [_clusterCa.Certificate],
            AccessToken = "must-not-leak",
        });

        await Assert.ThrowsAsync<TransientFailureException>(() => Client(connection).GetAsync(TenantNamespace, CancellationToken.None));

        Assert.Empty(server.Requests);
    }

    private static KubernetesClusterClient Client(ApiServerConnection connection) =>
        new(connection, Options.Create(new KubernetesClusterOptions { Timeout = TimeSpan.FromSeconds(10) }));

    private string WriteKubeconfig(Uri server, X509Certificate2 user, string token)
    {
        static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var path = Path.Combine(_folder, "kubeconfig.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Base64(_clusterCa.Certificate.ExportCertificatePem())}
            users:
            - name: kabin
              user:
                token: {token}
                client-certificate-data: {Base64(user.ExportCertificatePem())}
                client-key-data: {Base64(user.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem())}
            contexts:
            - name: test
              context:
                cluster: test
                user: kabin
            current-context: test
            """);
        return path;
    }
}
