using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new SandboxOptionsValidator().Validate(null, new SandboxOptions()).Succeeded);
    }

    [Theory]
    [InlineData(-1, 3600)]
    [InlineData(7200, 3600)]
    public void A_finished_pod_is_kept_no_less_than_nothing_and_no_longer_than_its_record(int podSeconds, int recordSeconds)
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions
        {
            FinishedPodRetentionSeconds = podSeconds,
            RecordRetentionSeconds = recordSeconds,
        });

        Assert.True(result.Failed);
        Assert.Contains("FinishedPodRetentionSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public void A_claim_lease_outside_one_second_to_ten_minutes_is_refused(int seconds)
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions { ClaimLeaseSeconds = seconds });

        Assert.True(result.Failed);
        Assert.Contains("ClaimLeaseSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pods", true)]
    [InlineData("agent-sandbox", true)]
    [InlineData("AgentSandbox", false)]
    [InlineData("", false)]
    public void The_backend_is_pods_or_agent_sandbox_spelled_as_documented(string backend, bool valid)
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions { Backend = backend });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Backend", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
