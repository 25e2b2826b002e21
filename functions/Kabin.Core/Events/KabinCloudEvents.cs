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
    /// so that formatters never need reflection to write it.
    /// </summary>
    public static CloudEvent Create<T>(
        string function, string type, string? subject, T data, JsonTypeInfo<T> typeInfo, CloudEvent? cause = null)
    {
        var cloudEvent = new CloudEvent
        {
            Id = Guid.NewGuid().ToString(),
            Source = SourceOf(function),
            Type = type,
            Subject = SafeSubject(subject),
            Time = DateTimeOffset.UtcNow,
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

    /// <summary>The longest subject Kabin writes: a tenant, a namespace and an object name with room to spare.</summary>
    public const int MaxSubjectLength = 512;

    /// <summary>
    /// A subject the SDK accepts: the subject often comes from what a sender posted (a tenant or
    /// sandbox name), and an empty one or one with control characters would make the reply itself
    /// throw, turning a refusal into a 500 that Knative retries. Empty becomes none; each control
    /// character becomes U+FFFD; past <see cref="MaxSubjectLength"/> characters it is cut, so that
    /// no sender can make Kabin write a header of its choosing size.
    /// </summary>
    private static string? SafeSubject(string? subject)
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
