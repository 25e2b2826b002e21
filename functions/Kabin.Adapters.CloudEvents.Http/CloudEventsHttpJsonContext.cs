using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Source-generated JSON for the adapter's own bodies (health).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class CloudEventsHttpJsonContext : JsonSerializerContext;
