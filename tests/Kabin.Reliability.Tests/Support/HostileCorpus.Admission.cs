using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>AdmissionReviews: malformed ones (400) and well-formed ones carrying hostile objects (judged by the oracle).</summary>
public static partial class HostileCorpus
{
    private static string AdmissionPath(Random random) => random.Next(2) == 0 ? "/admission/validate" : "/admission/mutate";

    private static HostileRequest MalformedReview(Random random)
    {
        var review = Review(PodIn("tenant-acme"), "tenant-acme", random);
        var request = review["request"]!.AsObject();
        string body = random.Next(12) switch
        {
            0 => string.Empty,
            1 => "not json " + Secret,
            2 => "[]",
            3 => Nested(Pick(random, 100, 10_000), "{}"),
            4 => Mutated(review, r => r["apiVersion"] = Pick(random, "admission.k8s.io/v1beta1", "v1", "")),
            5 => Mutated(review, r => r["kind"] = Pick(random, "Pod", "AdmissionResponse", "")),
            6 => Mutated(review, r => r.Remove("request")),
            7 => Mutated(review, _ => request.Remove("uid")),
            8 => Mutated(review, _ => request["uid"] = Pick<JsonNode?>(random, 5, "", new JsonArray())),
            9 => Mutated(review, _ => request["object"] = Pick<JsonNode?>(random, "pod", 5, new JsonArray())),
            10 => Mutated(review, r => r["request"] = "request"),
            _ => "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + Noise(random, 4) + "\xC3\x28",
        };
        return new(nameof(MalformedReview), Expect.Problem, Raw(AdmissionPath(random), "application/json", Encoding.UTF8.GetBytes(body)));
    }

    private static HostileRequest AdversarialReview(Random random)
    {
        var ns = Pick(random, "tenant-acme", "tenant-beta");
        JsonObject target = random.Next(6) switch
        {
            0 => WrongKind(random, ns),
            1 => Workload(random, ns),
            _ => AbsurdPod(random, ns),
        };
        var review = Review(target, ns, random);
        return AdmissionRequest(nameof(AdversarialReview), review, random);
    }

    private static HostileRequest CrossTenantReview(Random random)
    {
        // The request says tenant beta's namespace; the object claims tenant acme's, or the other way round,
        // or the namespace is a traversal or empty.
        var requestNamespace = Pick(random, "tenant-beta", "tenant-acme", "tenant-acme/../tenant-beta", "%2e%2e", "");
        var objectNamespace = Pick<string?>(random, "tenant-acme", "tenant-beta", null, "../tenant-acme");
        var pod = PodIn(objectNamespace ?? "x");
        if (objectNamespace is null)
        {
            pod["metadata"]!.AsObject().Remove("namespace");
        }

        var review = Review(pod, requestNamespace, random);
        return AdmissionRequest(nameof(CrossTenantReview), review, random);
    }

    private static HostileRequest AdmissionRequest(string kind, JsonObject review, Random random) =>
        new(kind, Expect.Review, Raw(AdmissionPath(random), "application/json", Encoding.UTF8.GetBytes(review.ToJsonString())), review);

    private static JsonObject WrongKind(Random random, string ns)
    {
        var pod = AbsurdPod(random, ns);
        pod["kind"] = Pick<JsonNode?>(random, "Secret", "Deployment", "CronJob", "Unknown", 5, null);
        pod["apiVersion"] = Pick(random, "v1", "apps/v1", "batch/v1", "evil/v9");
        return pod;
    }

    private static JsonObject Workload(Random random, string ns)
    {
        var pod = AbsurdPod(random, ns);
        var template = new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = pod["spec"]?.DeepClone() };
        var kind = Pick(random, "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");
        var spec = kind == "CronJob"
            ? new JsonObject { ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } } }
            : new JsonObject { ["template"] = template };
        return new JsonObject
        {
            ["apiVersion"] = kind is "Job" or "CronJob" ? "batch/v1" : "apps/v1",
            ["kind"] = kind,
            ["metadata"] = pod["metadata"]!.DeepClone(),
            ["spec"] = spec,
        };
    }

    private static JsonObject Review(JsonObject target, string ns, Random random) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = new JsonObject { ["group"] = string.Empty, ["version"] = "v1", ["kind"] = "Pod" },
            ["namespace"] = ns,
            ["operation"] = Pick(random, "CREATE", "UPDATE"),
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:tenant-acme:default", ["extra"] = new JsonObject { ["token"] = Secret } },
            ["object"] = target,
        },
    };

    private static string Mutated(JsonObject review, Action<JsonObject> change)
    {
        change(review);
        return review.ToJsonString();
    }
}
