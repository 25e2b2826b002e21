namespace Kabin.Policy;

/// <summary>Turns a failure inside a check into a denying finding.</summary>
internal static class PolicyErrors
{
    public static PolicyViolation From(string rule, string path, Exception exception) =>
        new(
            PolicyRules.Error,
            path,
            $"The check '{rule}' could not evaluate this object ({exception.GetType().Name}: {exception.Message}), so it is denied. " +
            "Make the fields under this path well-formed Kubernetes values and submit it again.");
}
