using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>The plain HTTP JSON API: hostile names in paths, hostile bodies for tenants, checks and sandboxes.</summary>
public static partial class HostileCorpus
{
    /// <summary>Path segments that are not DNS labels or try to climb out of a tenant ("acme" and "beta" are never named alone).</summary>
    private static readonly string[] HostileSegments =
    [
        "Acme", "..", "%2e%2e", "..%2fbeta", "%2e%2e%2fbeta", "a_b", "-lead", "trail-", "acme%2f..%2fbeta", "%00", "a%20b", new string('a', 64),
    ];

    private static HostileRequest ApiHostile(Random random)
    {
        var name = Pick(random, HostileSegments);
        var body = random.Next(4) switch
        {
            0 => "not json " + Secret,
            1 => Nested(Pick(random, 100, 10_000), "1"),
            2 => new JsonObject { ["name"] = Pick(random, HostileNames), ["owners"] = "x", ["quota"] = new JsonObject { ["cpu"] = "1e30" } }.ToJsonString(),
            _ => new JsonObject { ["name"] = Pick(random, HostileNames), ["image"] = "", ["cpu"] = "NaN", ["env"] = new JsonObject { ["T"] = Secret } }.ToJsonString(),
        };
        var (method, path) = random.Next(6) switch
        {
            0 => (HttpMethod.Put, $"/tenants/{name}"),
            1 => (HttpMethod.Delete, $"/tenants/{name}"),
            2 => (HttpMethod.Post, "/policy/check"),
            3 => (HttpMethod.Post, $"/tenants/{Pick(random, "acme", name)}/sandboxes"),
            // Not ".." here: the client resolves dot segments, and /tenants/acme/sandboxes/.. is /tenants/acme.
            4 => (HttpMethod.Delete, $"/tenants/{Pick(random, "acme", "beta")}/sandboxes/{(name is ".." or "%2e%2e" ? "x_y" : name)}"),
            _ => (HttpMethod.Put, $"/tenants/{Pick(random, "acme", "beta")}"),
        };
        if (path is "/tenants/acme" or "/tenants/beta")
        {
            // Never a valid spec for a real tenant: the body is always one of the hostile ones above.
            body = random.Next(2) == 0 ? "not json" : new JsonObject { ["owners"] = 5 }.ToJsonString();
        }

        var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Delete && method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + BearerToken);
        return new HostileRequest(nameof(ApiHostile), Expect.ProblemOrDenied, request);
    }
}
