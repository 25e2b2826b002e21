using System.Net;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>What the host answered to one delivery.</summary>
public sealed record Delivery(HttpStatusCode Status, string? ReplyType, string Body)
{
    public JsonNode? Data => ReplyType is null || Body.Length == 0 ? null : JsonNode.Parse(Body);
}
