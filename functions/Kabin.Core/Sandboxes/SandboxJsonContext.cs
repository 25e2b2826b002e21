using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Sandboxes;

/// <summary>Source-generated JSON for sandbox records and the sandbox function's payloads.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SandboxIndex))]
[JsonSerializable(typeof(SandboxDueBucket))]
[JsonSerializable(typeof(SandboxReaperState))]
[JsonSerializable(typeof(SandboxRecord))]
[JsonSerializable(typeof(SandboxRequest))]
[JsonSerializable(typeof(SandboxStopRequest))]
[JsonSerializable(typeof(SandboxEventData))]
[JsonSerializable(typeof(Work.SandboxCommandRequest))]
[JsonSerializable(typeof(Work.SandboxCommandCompleted))]
[JsonSerializable(typeof(Work.SandboxCommandLog))]
public sealed partial class SandboxJsonContext : JsonSerializerContext;
