using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Adapters.CloudEvents;

/// <summary>Source-generated JSON for the problem bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpProblem))]
internal sealed partial class CloudEventsJsonContext : JsonSerializerContext;
