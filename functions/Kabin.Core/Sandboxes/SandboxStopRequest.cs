using System.Text.Json.Serialization;
using Kabin.Json;

namespace Kabin.Sandboxes;

/// <summary>The data of <c>dev.kabin.sandbox.stop.requested</c>.</summary>
public sealed record SandboxStopRequest(
    [property: JsonConverter(typeof(BoundedNameConverter))] string? Tenant,
    [property: JsonConverter(typeof(BoundedNameConverter))] string? Name);
