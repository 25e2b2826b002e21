using System.Net;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class MalformedFloodTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Thousand_malformed_requests_each_get_a_4xx_and_the_host_still_answers_a_good_event()
    {
        var unexpected = new List<string>();
        var kinds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (kind, request) in MalformedRequests.Generate(1000, seed: 20261126))
        {
            using (request)
            using (var response = await fixture.Client.SendAsync(request))
            {
                kinds.Add(kind);
                if ((int)response.StatusCode is < 400 or >= 500)
                {
                    unexpected.Add($"{kind}: {(int)response.StatusCode}");
                }
            }
        }

        using var good = await fixture.Client.SendAsync(
            EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Echo)));
        Assert.Empty(unexpected);
        Assert.True(kinds.Count >= 10, $"only {kinds.Count} kinds were generated");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(EchoHandler.Echoed, (await EventMessages.ReadReplyAsync(good)).Type);
    }
}
