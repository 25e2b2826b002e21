using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>One change as a watch reports it: ADDED, MODIFIED or DELETED, the object after it, and its resourceVersion.</summary>
internal sealed record WatchEvent(string Type, long ResourceVersion, ObjectKey Key, JsonObject Object);
