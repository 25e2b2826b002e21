using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Policy;

/// <summary>Source-generated JSON for the policy function's payloads.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PolicyCheckResult))]
[JsonSerializable(typeof(PolicyViolationReport))]
[JsonSerializable(typeof(PolicyVerdict))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
