using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

/// <summary>The table of CloudEvents HTTP cases that the Functions worker's tests run too, here over loopback against the real host.</summary>
public sealed class SharedHttpCaseTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    public static TheoryData<string> Cases => new(CloudEventHttpCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Host_answers_each_case_as_the_table_expects(string name)
    {
        var expected = CloudEventHttpCases.Get(name);
        using var request = expected.Request();

        using var response = await fixture.Client.SendAsync(request);

        Assert.Empty(await HttpCaseVerifier.VerifyAsync(expected, response));
    }
}
