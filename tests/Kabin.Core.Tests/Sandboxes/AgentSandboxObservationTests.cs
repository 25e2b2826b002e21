using System.Text.Json.Nodes;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>How an ApiServerSource event about a SandboxClaim or Sandbox moves a sandbox, and what it never moves.</summary>
public sealed class AgentSandboxObservationTests
{
    private static JsonObject Claim(JsonArray? conditions, JsonNode? boundName = null, string kind = "SandboxClaim",
        string apiVersion = "extensions.agents.x-k8s.io/v1beta1") => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = "sbx-a",
            ["namespace"] = "tenant-acme",
            ["resourceVersion"] = "42",
            ["labels"] = new JsonObject { ["kabin.dev/tenant"] = "acme", ["kabin.dev/sandbox"] = "a" },
        },
        ["status"] = new JsonObject { ["conditions"] = conditions, ["sandbox"] = new JsonObject { ["name"] = boundName } },
    };

    private static JsonObject Condition(string type, string status, string reason) =>
        new() { ["type"] = type, ["status"] = status, ["reason"] = reason };

    [Fact]
    public void A_ready_claim_is_running_on_the_pod_it_was_bound_to()
    {
        var observed = SandboxPodObservation.Read(Claim(new JsonArray(Condition("Ready", "True", "DependenciesReady")), "sbx-pool-py-x1"), deleted: false)!;

        Assert.Equal((SandboxTrigger.PodRunning, "Running", "sbx-pool-py-x1", "sbx-a", 42L),
            (observed.Trigger, observed.Phase, observed.BoundPod, observed.ObjectName, observed.ResourceVersion!.Value));
    }

    [Theory]
    [InlineData("PodSucceeded", SandboxTrigger.PodSucceeded)]
    [InlineData("PodFailed", SandboxTrigger.PodFailed)]
    [InlineData("SandboxExpired", SandboxTrigger.PodFailed)]
    public void Finished_ends_it_by_its_reason_even_while_ready_still_says_true(string reason, SandboxTrigger trigger)
    {
        var observed = SandboxPodObservation.Read(Claim(new JsonArray(Condition("Ready", "True", "DependenciesReady"), Condition("Finished", "True", reason)), "p"), deleted: false)!;

        Assert.Equal((trigger, reason), (observed.Trigger, observed.Reason));
    }

    [Fact]
    public void A_claim_not_ready_yet_is_pending_with_the_controllers_reason_and_no_pod()
    {
        var observed = SandboxPodObservation.Read(Claim(new JsonArray(Condition("Ready", "False", "WarmCandidatesPending"))), deleted: false)!;

        Assert.Equal((SandboxTrigger.PodPending, "WarmCandidatesPending", (string?)null), (observed.Trigger, observed.Reason, observed.BoundPod));
    }

    [Fact]
    public void A_sandbox_of_its_own_runs_in_the_pod_named_after_it_and_its_deletion_deletes()
    {
        var sandbox = Claim(new JsonArray(Condition("Ready", "True", "DependenciesReady")), kind: "Sandbox", apiVersion: "agents.x-k8s.io/v1beta1");

        Assert.Equal("sbx-a", SandboxPodObservation.Read(sandbox, deleted: false)!.BoundPod);
        Assert.Equal(SandboxTrigger.PodDeleted, SandboxPodObservation.Read(sandbox, deleted: true)!.Trigger);
    }

    [Theory]
    [InlineData("ConfigMap", "v1")]
    [InlineData("Sandbox", "agents.x-k8s.io/v1alpha1")]
    [InlineData("SandboxClaim", "agents.x-k8s.io/v1beta1")]
    [InlineData("Pod", "example.com/v1")]
    public void Labels_on_any_other_kind_or_version_name_no_sandbox(string kind, string apiVersion)
    {
        Assert.Null(SandboxPodObservation.SandboxOf(Claim(new JsonArray(Condition("Ready", "True", "x")), "p", kind, apiVersion)));
    }

    [Fact]
    public void Hostile_status_shapes_are_read_as_not_ready_never_as_a_bound_pod()
    {
        var claim = Claim(null, JsonValue.Create(7));
        claim["status"]!["conditions"] = "Ready";

        var observed = SandboxPodObservation.Read(claim, deleted: false)!;

        Assert.Equal((SandboxTrigger.PodPending, (string?)null), (observed.Trigger, observed.BoundPod));
    }

    [Fact]
    public void An_observation_moves_only_the_record_whose_object_it_is_about_and_never_backwards()
    {
        var record = new SandboxRecord
        {
            Tenant = "acme", Name = "a", Namespace = "tenant-acme", PodName = "sbx-a", State = SandboxState.Pending, Image = "i", RuntimeClass = "kata-qemu",
            Cpu = "1", Memory = "1Gi", TtlSeconds = 60, CreatedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(1),
            Pod = Claim(null),
        };
        var ready = SandboxPodObservation.Read(Claim(new JsonArray(Condition("Ready", "True", "DependenciesReady")), "sbx-pool-py-x1"), deleted: false)!;

        var moved = SandboxStateMachine.Observe(record, ready, DateTimeOffset.UnixEpoch)!;

        Assert.Equal((SandboxState.Running, "sbx-pool-py-x1"), (moved.State, moved.PodName));
        Assert.Null(SandboxStateMachine.Observe(moved, ready with { Trigger = SandboxTrigger.PodFailed }, DateTimeOffset.UnixEpoch));
        Assert.Null(SandboxStateMachine.Observe(record, ready with { Kind = "Pod" }, DateTimeOffset.UnixEpoch));
        Assert.Null(SandboxStateMachine.Observe(record, ready with { ObjectName = "sbx-b" }, DateTimeOffset.UnixEpoch));
    }
}
