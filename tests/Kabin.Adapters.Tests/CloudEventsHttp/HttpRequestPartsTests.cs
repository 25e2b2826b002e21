using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class HttpRequestPartsTests
{
    [Fact]
    public void Headers_are_found_whatever_their_case_and_repeated_names_keep_every_value()
    {
        var parts = new HttpRequestParts(
            [Header("CE-Id", "1"), Header("content-type", "application/json"), Header("ce-id", "2"), Header("Content-Length", "12")],
            Stream.Null);

        Assert.Equal(["1", "2"], parts.Values("ce-ID"));
        Assert.Equal("application/json", parts.ContentType);
        Assert.Equal(12, parts.ContentLength);
        Assert.False(parts.HasHeader("ce-type"));
    }

    [Fact]
    public async Task Body_longer_than_the_limit_is_refused_even_without_a_content_length()
    {
        var parts = new HttpRequestParts([], new MemoryStream(new byte[100]));

        var refused = await Assert.ThrowsAsync<CloudEventRequestException>(() =>
            parts.ReadBodyAsync(99, () => CloudEventRequestException.TooLarge("too big"), CancellationToken.None));

        Assert.Equal(413, refused.StatusCode);
    }

    [Fact]
    public async Task Kestrel_refusing_the_body_becomes_a_problem_with_kestrels_status()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new FailingStream(new BadHttpRequestException("Request body too large.", 413));
        var problems = new ProblemResponseEncoder(Microsoft.Extensions.Options.Options.Create(new CloudEventsHttpOptions()));

        var failure = await Assert.ThrowsAsync<CloudEventRequestException>(() =>
            context.Request.ToParts().ReadBodyAsync(1024, () => new InvalidOperationException(), CancellationToken.None));

        Assert.Equal(413, failure.StatusCode);
        Assert.Equal("https://kabin.dev/problems/too-large", problems.Encode(failure).Problem!.Type);
    }

    [Fact]
    public async Task Read_failure_that_is_not_the_senders_is_not_turned_into_a_4xx()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new FailingStream(new IOException("connection reset"));

        await Assert.ThrowsAsync<IOException>(() =>
            context.Request.ToParts().ReadBodyAsync(1024, () => new InvalidOperationException(), CancellationToken.None));
    }

    private static KeyValuePair<string, IEnumerable<string>> Header(string name, string value) => new(name, [value]);

    private sealed class FailingStream(IOException failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(failure);
    }
}
