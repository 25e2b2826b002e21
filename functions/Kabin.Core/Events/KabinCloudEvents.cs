using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Tracing;

namespace Kabin.Events;

/// <summary>Builds Kabin's outgoing CloudEvents and the AOT-safe JSON formatter every host shares.</summary>
public static class KabinCloudEvents
{
    /// <summary>The <c>source</c> of every event a function emits: <c>/kabin/{function}</c>.</summary>
    public static Uri SourceOf(string function) => new($"/kabin/{function}", UriKind.Relative);

    /// <summary>A JSON formatter that serializes data through source-generated metadata only.</summary>
    public static JsonEventFormatter CreateFormatter() =>
        new(new JsonSerializerOptions(KabinJsonContext.Default.Options), default);

    /// <summary>
    /// A new event whose data is <paramref name="data"/> serialized to a <see cref="JsonElement"/>,
    /// so that formatters never need reflection to write it. <paramref name="time"/> is when what
    /// the event reports happened, and must be the same for every redelivery of the cause: the time of
    /// a stored state, or the cause's own <c>time</c>. A reply computed afresh for a cause that has no
    /// <c>time</c> has none either (the attribute is optional), rather than one that changes on redelivery.
    /// </summary>
    public static CloudEvent Create<T>(
        string function, string type, string? subject, T data, JsonTypeInfo<T> typeInfo, DateTimeOffset? time, CloudEvent? cause = null)
    {
        var cloudEvent = new CloudEvent
        {
            Id = cause is null ? Guid.NewGuid().ToString() : DerivedId(cause, type, subject),
            Source = SourceOf(function),
            Type = type,
            Subject = SafeSubject(subject),
            Time = time,
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(data, typeInfo),
        };
        // The span handling the cause is the parent of whatever it emits.
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            cloudEvent.SetTraceParent(activity.Id);
            cloudEvent.SetTraceState(activity.TraceStateString);
        }
        else if (cause is not null)
        {
            TraceContextExtensions.CopyTraceContext(cause, cloudEvent);
        }

        return cloudEvent;
    }

    /// <summary>
    /// The id of an event caused by <paramref name="cause"/>: a name-based UUID (version 5 layout,
    /// SHA-256 truncated) of the cause's source and id, the emitted type and subject. A redelivered
    /// cause yields the same ids, so a consumer deduplicates Kabin's events by <c>source</c> + <c>id</c>.
    /// </summary>
    public static string DerivedId(CloudEvent cause, string type, string? subject)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var name = string.Join('\n', cause.Source?.ToString() ?? string.Empty, cause.Id ?? string.Empty, type, subject ?? string.Empty);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>The longest subject Kabin writes: a tenant, a namespace and an object name with room to spare.</summary>
    public const int MaxSubjectLength = 512;

    /// <summary>
    /// A subject the SDK accepts: the subject often comes from what a sender posted (a tenant or
    /// sandbox name), and an empty one or one with control characters would make the reply itself
    /// throw, turning a refusal into a 500 that Knative retries. Empty becomes none; each control
    /// character becomes U+FFFD; past <see cref="MaxSubjectLength"/> characters it is cut, so that
    /// no sender can make Kabin write a header of its choosing size.
    /// </summary>
    public static string? SafeSubject(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        if (subject.Length > MaxSubjectLength)
        {
            subject = subject[..MaxSubjectLength];
        }

        return subject.Any(char.IsControl)
            ? string.Create(subject.Length, subject, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsControl(source[i]) ? '\uFFFD' : source[i];
                }
            })
            : subject;
    }
}
