namespace Kabin.Functions.Worker.Tests;

/// <summary>The table of CloudEvents HTTP cases that the Knative host's tests run too, here through the worker.</summary>
public sealed class SharedHttpCaseTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    public static TheoryData<string> Cases => new(CloudEventHttpCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Tenant_function_answers_each_case_as_the_knative_host_does(string name)
    {
        var expected = CloudEventHttpCases.Get(name);
        using var request = expected.Request();

        using var response = await fixture.TenantAsync(request);

        Assert.Empty(await HttpCaseVerifier.VerifyAsync(expected, response));
    }
}
