using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Tracing;

namespace Kabin.Host.Tests.Telemetry;

/// <summary>What the telemetry tests send and read.</summary>
internal static class Telemetry
{
    public static async Task CreateTenantAsync(HttpClient client, string name, string? traceParent = null)
    {
        var created = EventMessages.Event("dev.kabin.tenant.created", $"tenants/{name}", $$"""{"name":"{{name}}","owners":[{"kind":"User","name":"alice@{{name}}.example"}]}""");
        if (traceParent is not null)
        {
            created.SetTraceParent(traceParent);
        }

        using var response = await client.SendAsync(EventMessages.Post(ContentMode.Binary, created));
        Assert.Equal(200, (int)response.StatusCode);
    }

    public static async Task<JsonObject> ReviewAsync(HttpClient client, string webhook, string podFile, string namespaceName)
    {
        var pod = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", podFile)))!;
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = namespaceName,
                ["operation"] = "CREATE",
                ["userInfo"] = new JsonObject { ["username"] = "alice@acme.example" },
                ["object"] = pod,
            },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/admission/{webhook}", content);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public static double Sample(string exposition, string name, params string[] labels)
    {
        var matches = exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal))
            .Where(line => labels.All(label => line[..line.IndexOf('}', StringComparison.Ordinal)].Contains(label, StringComparison.Ordinal)))
            .ToArray();
        var line = Assert.Single(matches);
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
