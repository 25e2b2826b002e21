using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kabin.LocalCluster;

/// <summary>An open watch on the store: read its changes until disposed, or until the store cuts a slow reader off.</summary>
internal sealed class Subscription(ChannelReader<WatchEvent> changes, Func<ObjectKey, JsonObject, bool> matches, Action stop) : IDisposable
{
    public async IAsyncEnumerable<WatchEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in changes.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (matches(change.Key, change.Object))
            {
                yield return change;
            }
        }
    }

    public void Dispose() => stop();
}
