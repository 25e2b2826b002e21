using Kabin.Adapters.CloudEvents;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class ProblemMappingTests
{
    public static TheoryData<Exception, int> Cases => new()
    {
        { CloudEventRequestException.NotACloudEvent("no"), 415 },
        { CloudEventRequestException.Malformed("bad"), 400 },
        { CloudEventRequestException.TooLarge("big"), 413 },
        { new UnhandledEventTypeException("dev.example.unknown"), 400 },
        { InvalidEventDataException.ForField("$.name", "required"), 422 },
        { new ClusterRejectedException(422, "invalid object"), 422 },
        { new ConflictException("etag moved"), 409 },
        { new TransientFailureException("api server down"), 503 },
        { new CloudEventRequestException(408, "the body came too slowly"), 408 },
        { new InvalidOperationException("bug"), 500 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_failure_maps_to_its_status(Exception exception, int status)
    {
        var problem = ProblemMapping.ToProblem(exception);

        Assert.Equal(status, problem.Status);
        Assert.StartsWith("https://kabin.dev/problems/", problem.Type, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_data_lists_its_field_errors()
    {
        var problem = ProblemMapping.ToProblem(InvalidEventDataException.ForField("$.owners[0]", "must be an email"));

        var error = Assert.Single(problem.Errors!);
        Assert.Equal("$.owners[0]", error.Field);
    }

    [Fact]
    public void Unexpected_failure_does_not_leak_its_message()
    {
        var problem = ProblemMapping.ToProblem(new InvalidOperationException("secret connection string"));

        Assert.DoesNotContain("secret", problem.Detail, StringComparison.Ordinal);
    }
}
