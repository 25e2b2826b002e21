using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>One generated hostile request: its kind, what it may be answered with, and for admission the review sent.</summary>
public sealed record HostileRequest(string Kind, Expect Expect, HttpRequestMessage Request, JsonObject? Review = null);
