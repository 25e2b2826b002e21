using System.Text.Json.Nodes;
using Kabin.LocalCluster;

namespace Kabin.Reliability.Tests.Crash;

/// <summary>
/// One event of the stream, as its source would send it. <see cref="Prepare"/> is what happens in
/// the cluster just before the event is sent (a pod's kubelet reports a phase); <see cref="Data"/>
/// is read from the cluster then. Both run once, at the first delivery: a redelivery sends the same
/// bytes again, as Knative does. A step <see cref="AfterShortTtls"/> is sent only once every
/// short-lived sandbox requested before it is past its time-to-live, so that what a tick expires
/// does not depend on how long the run took.
/// </summary>
internal sealed record CrashStep(
    string Id, string Type, Func<KubeApiServerDouble, JsonNode> Data, Action<KubeApiServerDouble>? Prepare = null, bool AfterShortTtls = false)
{
    public override string ToString() => $"{Id} {Type}";
}
