using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Core.Tests.Events;

public sealed class EventDataTests
{
    private static CloudEvent WithData(object? data) => new()
    {
        Id = "1",
        Source = new Uri("/test", UriKind.Relative),
        Type = "t",
        Data = data,
    };

    [Fact]
    public void Reads_json_element_bytes_and_text_alike()
    {
        var element = JsonDocument.Parse("""{"a":"x"}""").RootElement;

        var fromElement = EventData.Read(WithData(element), KabinJsonContext.Default.DictionaryStringString);
        var fromBytes = EventData.Read(WithData(Encoding.UTF8.GetBytes("""{"a":"x"}""")), KabinJsonContext.Default.DictionaryStringString);
        var fromText = EventData.Read(WithData("""{"a":"x"}"""), KabinJsonContext.Default.DictionaryStringString);

        Assert.Equal("x", fromElement["a"]);
        Assert.Equal("x", fromBytes["a"]);
        Assert.Equal("x", fromText["a"]);
    }

    [Theory]
    [InlineData("""{"name":"acme","bogus":1}""", "$.bogus", "'bogus' is not a field")]
    [InlineData("""{"name":"acme","quota":{"pods":"many"}}""", "$.quota.pods", "has the wrong type")]
    [InlineData("""{"name":"acme","sandboxes":{"max":true}}""", "$.sandboxes.max", "has the wrong type")]
    [InlineData("""{"name":"acme","owners":{"kind":"User"}}""", "$.owners", "must be an array")]
    [InlineData("""{"name":"acme","registries":[1]}""", "$.registries[0]", "must be a string")]
    [InlineData("""{"name":"acme","quota":7}""", "$.quota", "has the wrong type")]
    public void Field_errors_say_what_is_wrong_without_naming_dotnet_types(string json, string field, string says)
    {
        var error = Assert.Throws<InvalidEventDataException>(() =>
            EventData.Read(WithData(Encoding.UTF8.GetBytes(json)), Kabin.Tenants.TenantJsonContext.Default.TenantSpec));

        var reported = Assert.Single(error.Errors);
        Assert.Equal(field, reported.Field);
        Assert.Contains(says, reported.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\.NET|System\.|Kabin\.", error.Message);
    }

    [Fact]
    public void Missing_data_is_invalid_event_data()
    {
        var error = Assert.Throws<InvalidEventDataException>(() => EventData.Read(WithData(null), KabinJsonContext.Default.DictionaryStringString));

        Assert.Contains("needs JSON data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_is_invalid_event_data_naming_the_path()
    {
        var error = Assert.Throws<InvalidEventDataException>(
            () => EventData.Read(WithData("""{"a":1}"""), KabinJsonContext.Default.DictionaryStringString));

        Assert.Equal("$.a", Assert.Single(error.Errors).Field);
    }
}
