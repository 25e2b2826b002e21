using Kabin.Events;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>The EventType manifests against the types the code declares (the *EventTypes classes) and handles.</summary>
public sealed class EventTypeCatalogueTests
{
    private static HashSet<string> Catalogued() =>
        ManifestSet.OfKind("eventing.knative.dev", "EventType")
            .Select(manifest => (string?)manifest.Body["spec"]?["type"] ?? "")
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> KnownToCode() =>
        FunctionRegistry.DeclaredTypes().Values.SelectMany(types => types)
            .Concat(KabinFunctions.All.SelectMany(FunctionRegistry.HandledTypes))
            .ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData("TenantEventTypes")]
    [InlineData("PolicyEventTypes")]
    [InlineData("SandboxEventTypes")]
    public void Every_type_a_function_declares_has_an_EventType(string declaringClass)
    {
        var declared = FunctionRegistry.DeclaredTypes();

        Assert.True(declared.ContainsKey(declaringClass), $"Kabin.Core has no public static class {declaringClass} naming the function's event types.");
        var missing = declared[declaringClass].Except(Catalogued()).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{declaringClass} names {string.Join(", ", missing)}, which eventing/eventtypes.yaml does not catalogue.");
    }

    [Fact]
    public void Every_handled_type_has_an_EventType()
    {
        var handled = KabinFunctions.All.SelectMany(FunctionRegistry.HandledTypes).ToHashSet(StringComparer.Ordinal);

        var missing = handled.Except(Catalogued()).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"The functions handle {string.Join(", ", missing)}, which eventing/eventtypes.yaml does not catalogue.");
    }

    [Fact]
    public void Every_EventType_names_a_type_the_code_knows()
    {
        var known = KnownToCode();

        var stale = Catalogued().Except(known).Order(StringComparer.Ordinal).ToList();

        Assert.True(stale.Count == 0, $"eventing/eventtypes.yaml catalogues {string.Join(", ", stale)}, which no *EventTypes class declares and no function handles.");
    }

    [Fact]
    public void Every_EventType_belongs_to_the_kabin_broker_once_with_a_description()
    {
        var eventTypes = ManifestSet.OfKind("eventing.knative.dev", "EventType").ToList();

        Assert.NotEmpty(eventTypes);
        Assert.All(eventTypes, manifest =>
        {
            Assert.Equal("Broker", (string?)manifest.Body["spec"]?["reference"]?["kind"]);
            Assert.Equal("kabin", (string?)manifest.Body["spec"]?["reference"]?["name"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)manifest.Body["spec"]?["description"]), $"{manifest} has no description.");
        });
        Assert.Equal(eventTypes.Count, Catalogued().Count);
    }
}
