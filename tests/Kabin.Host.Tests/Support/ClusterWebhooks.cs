using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Yaml;

namespace Kabin.Host.Tests.Support;

/// <summary>Registers knative/admission-webhooks.yaml with the local cluster, each service reference replaced by the host's URL.</summary>
internal static class ClusterWebhooks
{
    public static async Task RegisterAsync(HttpClient cluster, Uri host)
    {
        var manifests = YamlJsonReader.ReadDocuments(
            await File.ReadAllTextAsync(Path.Combine(Api.Api.RepositoryRoot(), "knative", "admission-webhooks.yaml")), new YamlLimits(10, 5000, 32));
        foreach (var manifest in manifests.OfType<JsonObject>().Where(m => m["kind"]!.GetValue<string>().EndsWith("WebhookConfiguration", StringComparison.Ordinal)))
        {
            foreach (var webhook in manifest["webhooks"]!.AsArray())
            {
                var path = webhook!["clientConfig"]!["service"]!["path"]!.GetValue<string>();
                webhook["clientConfig"] = new JsonObject { ["url"] = new Uri(host, path).ToString() };
            }

            var plural = manifest["kind"]!.GetValue<string>().ToLowerInvariant() + "s";
            using var body = new StringContent(manifest.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var created = await cluster.PostAsync($"apis/admissionregistration.k8s.io/v1/{plural}", body);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
    }
}
