using System.Net;
using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>What the host answered to one delivery (with the reply event's id and time, when it replied with one).</summary>
public sealed record Delivery(HttpStatusCode Status, string? ReplyType, string Body, string? ReplyId = null, string? ReplyTime = null)
{
    public JsonNode? Data => ReplyType is null || Body.Length == 0 ? null : JsonNode.Parse(Body);
}
