using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>Broken CloudEvents: attributes missing or mistyped, bad encodings, deep nesting, batches.</summary>
public static partial class HostileCorpus
{
    private static readonly string[] Required = ["ce-specversion", "ce-id", "ce-source", "ce-type"];

    private static readonly string[] StructuredRequired = ["specversion", "id", "source", "type"];

    private static HostileRequest MissingAttribute(Random random)
    {
        if (random.Next(2) == 0)
        {
            var drop = Pick(random, Required);
            return new(nameof(MissingAttribute), Expect.Problem,
                Binary("dev.kabin.tenant.created", $"{{\"name\":\"{Secret}\"}}", random, r => r.Headers.Remove(drop)));
        }

        var structured = StructuredEvent("dev.kabin.tenant.created", new JsonObject { ["name"] = Secret });
        structured.Remove(Pick(random, StructuredRequired));
        return Structured(nameof(MissingAttribute), random.Next(2) == 0 ? structured.ToJsonString() : $"[{structured.ToJsonString()}]", batch: random.Next(2) == 0);
    }

    private static HostileRequest WrongTypeAttribute(Random random)
    {
        var structured = StructuredEvent("dev.kabin.policy.check.requested", new JsonObject { ["secret"] = Secret });
        var attribute = Pick(random, "specversion", "id", "source", "type", "time", "subject", "dataschema", "datacontenttype");
        structured[attribute] = random.Next(4) switch
        {
            0 => 42,
            1 => new JsonArray("a"),
            2 => new JsonObject { ["x"] = 1 },
            _ => attribute is "time" or "dataschema" ? "::not-a-" + attribute : (JsonNode?)null,
        };
        if (attribute is "subject" or "datacontenttype" && structured[attribute] is null)
        {
            structured[attribute] = true;
        }

        return Structured(nameof(WrongTypeAttribute), structured.ToJsonString(), batch: false);
    }

    private static HostileRequest BadPercentEncoding(Random random)
    {
        var header = Pick(random, "ce-subject", "ce-id", "ce-source", "ce-type", "ce-kabintenant");
        // "%00" decodes to a control character, which the SDK refuses in string attributes but not in the source URI.
        var value = header == "ce-source" ? Pick(random, "%zz", "%C3%28", "%", "abc%2", "%FF%FE") : Pick(random, "%zz", "%C3%28", "%", "abc%2", "%FF%FE", "%00");
        return new(nameof(BadPercentEncoding), Expect.Problem, Binary("dev.kabin.tenant.deleted", "{\"name\":\"ghost\"}", random, r =>
        {
            r.Headers.Remove(header);
            r.Headers.TryAddWithoutValidation(header, value);
            if (header is not "ce-subject" and not "ce-kabintenant")
            {
                return;
            }

            // An optional attribute alone does not make the event invalid; a bad type alongside does.
            r.Headers.Remove("ce-type");
            r.Headers.TryAddWithoutValidation("ce-type", "dev.kabin.%zz");
        }));
    }

    private static HostileRequest InvalidUtf8(Random random)
    {
        byte[] broken = [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
        var prefix = Encoding.UTF8.GetBytes("{\"name\":\"");
        var data = prefix.Concat(broken.Take(random.Next(1, broken.Length + 1))).Concat("\"}"u8.ToArray()).ToArray();
        if (random.Next(2) == 0)
        {
            var type = Pick(random, "dev.kabin.tenant.created", "dev.kabin.sandbox.requested", "dev.kabin.policy.check.requested");
            return new(nameof(InvalidUtf8), Expect.Problem, BinaryBytes(type, data, random));
        }

        var envelope = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/h\",\"type\":\"dev.kabin.tenant.created\",\"data\":")
            .Concat(data).Concat("}"u8.ToArray()).ToArray();
        return new(nameof(InvalidUtf8), Expect.Problem, Raw("/", "application/cloudevents+json", envelope));
    }

    private static HostileRequest DataNotJson(Random random)
    {
        // A parser's message quotes the start of an invalid literal: the secret must still stay out of the logs.
        var type = Pick(random, "dev.kabin.tenant.created", "dev.kabin.sandbox.requested", "dev.kabin.policy.check.requested");
        return new(nameof(DataNotJson), Expect.Problem, Binary(type, Secret + " is not json", random));
    }

    private static HostileRequest DeepNesting(Random random)
    {
        var depth = Pick(random, 65, 1_000, 10_000);
        var data = Nested(depth, "1");
        if (random.Next(2) == 0)
        {
            var type = Pick(random, "dev.kabin.tenant.created", "dev.kabin.sandbox.requested", "dev.kabin.policy.check.requested",
                "dev.knative.apiserver.resource.update");
            return new(nameof(DeepNesting), Expect.Problem, Binary(type, data, random));
        }

        var envelope = $"{{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/h\",\"type\":\"dev.kabin.tenant.created\",\"data\":{data}}}";
        return new(nameof(DeepNesting), Expect.Problem, Raw("/", "application/cloudevents+json", Encoding.UTF8.GetBytes(envelope)));
    }

    private static HostileRequest BatchWithOneBadEvent(Random random)
    {
        var batch = new JsonArray();
        var size = random.Next(2, 20);
        var bad = random.Next(size);
        for (var i = 0; i < size; i++)
        {
            var item = StructuredEvent("dev.kabin.policy.check.requested", new JsonObject { ["tenant"] = "acme", ["object"] = PodIn("tenant-acme") });
            if (i == bad)
            {
                item.Remove(Pick(random, StructuredRequired));
            }

            batch.Add(item);
        }

        return Structured(nameof(BatchWithOneBadEvent), batch.ToJsonString(), batch: true);
    }

    private static HostileRequest HugeBatch(Random random)
    {
        // More events than Kabin:Http:MaxBatchLength (1000): refused as a whole, nothing handled.
        var size = random.Next(1_001, 4_000);
        var builder = new StringBuilder("[");
        for (var i = 0; i < size; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",")
                .Append("{\"specversion\":\"1.0\",\"id\":\"").Append(i).Append("\",\"source\":\"/h\",\"type\":\"dev.kabin.tenant.created\",\"data\":{\"name\":\"t")
                .Append(i).Append("\"}}");
        }

        builder.Append(']');
        return Structured(nameof(HugeBatch), builder.ToString(), batch: true);
    }

    internal static JsonObject StructuredEvent(string type, JsonNode data) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "/hostile",
        ["type"] = type,
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    };

    private static HostileRequest Structured(string kind, string json, bool batch) =>
        new(kind, Expect.Problem, Raw("/", batch ? "application/cloudevents-batch+json" : "application/cloudevents+json", Encoding.UTF8.GetBytes(json)));
}
