namespace Kabin.Sandboxes;

/// <summary>What happened when a request tried to claim a place in its tenant's sandbox index.</summary>
internal enum SandboxIndexAdd
{
    Added,

    /// <summary>The name is already in the index: the request is a duplicate.</summary>
    Exists,

    /// <summary>The tenant already runs its maximum of sandboxes.</summary>
    Full,

    /// <summary>The tenant has no index: it is not provisioned (or is being deleted).</summary>
    NoIndex,
}
