using Kabin.Host.Tests.Sandboxes;

namespace Kabin.Host.Tests.Api;

/// <summary>The sandbox fixture's host with <c>Kabin:Api:Authentication=kubernetes</c>: tokens and rights come from the API-server double.</summary>
public sealed class AccessHostFixture : SandboxHostFixture
{
    protected override IEnumerable<string> ExtraHostArgs => ["--Kabin:Api:Authentication=kubernetes"];
}
