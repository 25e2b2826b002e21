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
