using Kabin.Events;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>The Triggers and sources against the event types the functions' own registries handle.</summary>
public sealed class EventRoutingTests
{
    public static TheoryData<string> Functions() => [.. KabinFunctions.All];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Triggers_to_a_function_carry_exactly_the_types_it_handles(string function)
    {
        var handled = FunctionRegistry.HandledTypes(function);
        var triggered = Routing.Triggers()
            .Where(trigger => trigger.Subscriber == $"kabin-{function}")
            .SelectMany(trigger => trigger.Types)
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(handled.Count > 0, $"The {function} function registers no event types: its Add...Function must register its handlers.");
        var missing = handled.Except(triggered).Order(StringComparer.Ordinal).ToList();
        var unhandled = triggered.Except(handled).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"kabin-{function} handles {string.Join(", ", missing)} but no Trigger sends it there.");
        Assert.True(unhandled.Count == 0, $"Triggers send {string.Join(", ", unhandled)} to kabin-{function}, which handles none of them.");
    }

    [Fact]
    public void Every_trigger_takes_one_exact_type_from_the_kabin_broker_to_a_function_service()
    {
        var services = KabinFunctions.All.Select(function => $"kabin-{function}").ToHashSet(StringComparer.Ordinal);

        var triggers = Routing.Triggers();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger =>
        {
            Assert.Equal("kabin", trigger.Broker);
            Assert.Single(trigger.Types);
            Assert.Equal("serving.knative.dev/v1/Service", trigger.SubscriberKind);
            Assert.Contains(trigger.Subscriber, services);
        });
        var duplicates = triggers.GroupBy(trigger => (trigger.Types[0], trigger.Target, trigger.Subscriber)).Where(group => group.Count() > 1);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_source_event_reaches_its_own_function_and_no_other()
    {
        var triggers = Routing.Triggers();

        var sources = Routing.Sources();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            Assert.Equal("Broker/kabin", source.Sink);
            Assert.True(source.Target is not null, $"{source.Manifest} stamps no {Routing.TargetExtension}; its events would reach no Trigger.");
            foreach (var type in source.Types)
            {
                var routes = triggers.Where(trigger => trigger.Types.Contains(type) && trigger.Target == source.Target).ToList();
                Assert.True(routes.Count == 1, $"{source.Manifest} emits {type} for {source.Target}; {routes.Count} Triggers route it (want 1).");
                Assert.Equal($"kabin-{source.Target}", routes[0].Subscriber);
            }
        });
    }

    [Fact]
    public void Every_trigger_that_waits_for_a_source_has_one()
    {
        var sources = Routing.Sources();

        var sourced = Routing.Triggers().Where(trigger => trigger.Target is not null).ToList();

        Assert.NotEmpty(sourced);
        Assert.All(sourced, trigger => Assert.True(
            sources.Any(source => source.Target == trigger.Target && source.Types.Contains(trigger.Types[0])),
            $"{trigger.Manifest} waits for {trigger.Types[0]} stamped {trigger.Target}, which no source emits."));
    }

    [Fact]
    public void Every_function_that_publishes_beyond_its_reply_gets_the_broker_as_K_SINK()
    {
        var bindings = ManifestSet.OfKind("sources.knative.dev", "SinkBinding").ToList();

        foreach (var function in KabinFunctions.All)
        {
            var binding = Assert.Single(bindings, manifest => (string?)manifest.Body["spec"]?["subject"]?["name"] == $"kabin-{function}");
            Assert.Equal("serving.knative.dev/v1", (string?)binding.Body["spec"]?["subject"]?["apiVersion"]);
            Assert.Equal("Broker", (string?)binding.Body["spec"]?["sink"]?["ref"]?["kind"]);
            Assert.Equal("kabin", (string?)binding.Body["spec"]?["sink"]?["ref"]?["name"]);
        }
    }
}
