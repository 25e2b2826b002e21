using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kabin.Host;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>
/// The admission TLS arrangement end to end on loopback: the real host, configured with the
/// kabin-admission Service's own environment, serves HTTPS with a certificate for the webhook
/// Service's names, and a client that checks the certificate as the API server does (the
/// Service's DNS name, trust pinned like a caBundle) reaches it.
/// </summary>
public sealed class AdmissionTlsTests
{
    [Fact]
    public async Task Host_with_the_admission_services_environment_answers_reviews_over_https_as_the_webhook_service_name()
    {
        var webhook = ManifestSet.Named("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "kabin-policy");
        var service = webhook.Body["webhooks"]![0]!["clientConfig"]!["service"]!;
        var serverName = $"{service["name"]}.{service["namespace"]}.svc";
        var issued = ManifestSet.Named("cert-manager.io", "Certificate", webhook.Annotation("cert-manager.io/inject-ca-from")!.Split('/')[1]);
        using var certificate = new WebhookCertificate((issued.Body["spec"]!["dnsNames"] as JsonArray ?? []).Select(name => (string)name!));
        var state = Directory.CreateTempSubdirectory("kabin-admission-state-");
        var app = KabinHost.Build(KabinHost.CreateBuilder([.. Arguments(certificate), $"--Kabin:State:Sqlite:Path={Path.Combine(state.FullName, "state.db")}", "--Logging:LogLevel:Default=Error"]));
        await app.StartAsync();
        try
        {
            var https = new Uri(app.Urls.Single(url => url.StartsWith("https:", StringComparison.Ordinal)));
            using var client = ApiServerLikeClient(https.Port, certificate.Thumbprint);

            using var response = await client.GetAsync(new Uri($"https://{serverName}:{https.Port}/health/readiness"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("policy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var review = await client.PostAsync(
                new Uri($"https://{serverName}:{https.Port}{service["path"]}"),
                new StringContent(AdmissionReview("7f1c0a52-0000-4000-8000-000000000001"), System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            var answer = JsonNode.Parse(await review.Content.ReadAsStringAsync())!;
            Assert.Equal("7f1c0a52-0000-4000-8000-000000000001", (string?)answer["response"]?["uid"]);
            Assert.False((bool?)answer["response"]?["allowed"], "The webhooks are sent tenant namespaces only: one without a tenant record admits nothing.");
            Assert.Equal(403, (int?)answer["response"]?["status"]?["code"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            state.Delete(recursive: true);
        }
    }

    /// <summary>An AdmissionReview for a pod in a namespace that has no tenant record.</summary>
    private static string AdmissionReview(string uid) => new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["namespace"] = "not-a-tenant",
            ["operation"] = "CREATE",
            ["object"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "not-a-tenant" },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }) },
            },
        },
    }.ToJsonString();

    /// <summary>The Service's environment as host arguments, with listen addresses moved to loopback port 0 and the Secret's files to the test's.</summary>
    private static IEnumerable<string> Arguments(WebhookCertificate certificate)
    {
        foreach (var variable in KnativeServices.Container("kabin-admission")["env"] as JsonArray ?? [])
        {
            var key = ((string?)variable?["name"] ?? "").Replace("__", ":", StringComparison.Ordinal);
            var value = (string?)variable?["value"] ?? "";
            value = key switch
            {
                _ when key.EndsWith(":Url", StringComparison.Ordinal) => $"{new Uri(value).Scheme}://127.0.0.1:0",
                _ when key.EndsWith(":Certificate:Path", StringComparison.Ordinal) => certificate.CertificatePath,
                _ when key.EndsWith(":Certificate:KeyPath", StringComparison.Ordinal) => certificate.KeyPath,
                // No cluster and no Dapr sidecar here: plan mode and the embedded store stand in.
                "Kabin:Cluster:Mode" => "Plan",
                "Kabin:State:Dapr:StoreName" => "",
                // TokenReview needs an API server; the webhooks themselves never use the JSON API's check.
                "Kabin:Api:Authentication" => "none",
                "Kabin:Http:Oidc:Audience" => "",
                _ => value,
            };
            if (value.Length > 0)
            {
                yield return $"--{key}={value}";
            }
        }
    }

    /// <summary>Connects to loopback whatever the name, verifies the name, and trusts only the pinned certificate (the caBundle).</summary>
    private static HttpClient ApiServerLikeClient(int port, string thumbprint) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                presented is not null
                && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
        },
    });
}
