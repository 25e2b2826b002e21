using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threat: blocking by size. The API server stores objects up to 3 MiB and an UPDATE's review
/// carries two; a webhook that refuses such a review blocks the update (with failurePolicy Fail).
/// On ffd1a99 the host's 1 MiB body limit refused it.
/// </summary>
public sealed class LargeReviewTests
{
    [Fact]
    public async Task An_update_review_with_two_three_MiB_objects_is_read_and_answered()
    {
        await using var host = await AttackedHost.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await host.PutJsonAsync("/tenants/acme", new JsonObject
        {
            ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = "alice@acme.example" }),
            ["runtimeClasses"] = new JsonArray("kata-qemu"),
        })).StatusCode);
        var padding = new string('a', 3 * 1024 * 1024 - 4096);
        JsonObject Pod() => new()
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "big", ["namespace"] = "tenant-acme", ["annotations"] = new JsonObject { ["example.com/blob"] = padding } },
            ["spec"] = new JsonObject { ["runtimeClassName"] = "kata-qemu", ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "ghcr.io/acme/app:1" }) },
        };
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "4b0c3c5e-0000-4000-8000-000000000003", ["namespace"] = "tenant-acme", ["operation"] = "UPDATE",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["object"] = Pod(), ["oldObject"] = Pod(),
            },
        };

        using var response = await host.Client.PostAsync("/admission/validate", new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4b0c3c5e-0000-4000-8000-000000000003", answer["response"]!["uid"]!.GetValue<string>());
        Assert.True(answer["response"]!["allowed"]!.GetValue<bool>(), "a metadata-only update is allowed");
    }
}
