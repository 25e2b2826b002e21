using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;

namespace Kabin.Adapters.CloudEvents;

public sealed partial class CloudEventRequestReader
{
    private static CloudEvent DecodeBinaryAttributes(HttpRequestParts request)
    {
        var versionId = SingleValue(request, HttpUtilities.SpecVersionHttpHeader);
        var specVersion = CloudEventsSpecVersion.FromVersionId(versionId)
            ?? throw CloudEventRequestException.Malformed(
                $"ce-specversion '{versionId}' is not supported; send ce-specversion: 1.0.");
        var cloudEvent = new CloudEvent(specVersion, Extensions);
        foreach (var header in request.Headers)
        {
            if (!header.Key.StartsWith(HttpUtilities.HttpHeaderPrefix, StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals(HttpUtilities.SpecVersionHttpHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = header.Key[HttpUtilities.HttpHeaderPrefix.Length..].ToLowerInvariant();
            SetAttribute(cloudEvent, name, Decode(header.Key, SingleValue(request, header.Key)));
        }

        if (!string.IsNullOrWhiteSpace(request.ContentType))
        {
            SetAttribute(cloudEvent, "datacontenttype", request.ContentType);
        }

        return Validated(cloudEvent);
    }

    /// <summary>
    /// JSON data (no content type, or a UTF-8 JSON one) is checked with a reader and kept as the
    /// body's own bytes, which <see cref="Kabin.Events.EventData"/> reads: no document, no pooled
    /// metadata and no second copy of a large body. Other content types go to the SDK's formatter.
    /// </summary>
    private void DecodeBinaryData(RequestBody body, ContentType? contentType, CloudEvent cloudEvent)
    {
        if (body.IsEmpty)
        {
            return;
        }

        try
        {
            if (IsUtf8Json(contentType))
            {
                EnsureOneJsonValue(body.Memory.Span);
                cloudEvent.Data = body.Detach();
            }
            else
            {
                _formatter.DecodeBinaryModeEventData(body.Memory, cloudEvent);
            }
        }
        catch (JsonException e)
        {
            // The attributes are fine; the data is not: a 422, not a malformed event.
            throw new InvalidEventDataException(
                $"The body of event '{cloudEvent.Id}' is not valid JSON ({e.Message}); send JSON data or set Content-Type to match it.",
                [new FieldError("$", e.Message)]);
        }
    }

    /// <summary>Whether the Content-Type (parsed once, by <see cref="ReadAsync"/>) names UTF-8 JSON; none counts as JSON, as the formatter takes it.</summary>
    private static bool IsUtf8Json(ContentType? contentType)
    {
        if (contentType is null)
        {
            return true;
        }

        var mediaType = contentType.MediaType;
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        return json && (contentType.CharSet is null || contentType.CharSet.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static void EnsureOneJsonValue(ReadOnlySpan<byte> utf8)
    {
        // The reader refuses what JsonDocument would: no value, bad tokens, trailing data, depth over 64.
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        while (reader.Read())
        {
        }
    }

    private static string SingleValue(HttpRequestParts request, string header)
    {
        var values = request.Values(header);
        if (values.Count != 1)
        {
            throw CloudEventRequestException.Malformed($"Header {header} must appear exactly once.");
        }

        return values[0];
    }

    private static string Decode(string header, string value)
    {
        try
        {
            return HttpUtilities.DecodeHeaderValue(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw CloudEventRequestException.Malformed(
                $"Header {header} is not valid percent-encoded UTF-8: {e.Message} Encode space, '\"', '%' and non-ASCII characters as %XX.",
                e);
        }
    }

    private static void SetAttribute(CloudEvent cloudEvent, string name, string value)
    {
        try
        {
            cloudEvent.SetAttributeFromString(name, value);
        }
        catch (ArgumentException e)
        {
            throw CloudEventRequestException.Malformed(
                $"CloudEvent attribute '{name}' is invalid: {e.Message} Attribute names are lower-case letters and digits; values must match the attribute's type.",
                e);
        }
    }

    private static CloudEvent Validated(CloudEvent cloudEvent)
    {
        if (!cloudEvent.IsValid)
        {
            var missing = string.Join(", ", cloudEvent.SpecVersion.RequiredAttributes
                .Where(attribute => cloudEvent[attribute] is null)
                .Select(attribute => attribute.Name));
            throw CloudEventRequestException.Malformed(
                $"The CloudEvent lacks required attributes: {missing}. Every event needs id, source, specversion and type.");
        }

        return cloudEvent;
    }
}
