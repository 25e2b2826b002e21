using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>Source-generated JSON for the adapter's own bodies (problems, health).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpProblem))]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class CloudEventsHttpJsonContext : JsonSerializerContext;
