using System.Text;

namespace Kabin.State;

/// <summary>FNV-1a over a name's UTF-8 bytes: the same shard for a name in every process and every version.</summary>
public static class StableHash
{
    public static int ShardOf(string name, int shards)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
