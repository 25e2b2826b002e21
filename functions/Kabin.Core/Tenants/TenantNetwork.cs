namespace Kabin.Tenants;

/// <summary>The tenant's egress: <c>none</c> (DNS and its own namespace), <c>cluster</c> or <c>internet</c>; never the metadata address.</summary>
public sealed record TenantNetwork(string Egress);
