namespace Kabin.Sandboxes;

/// <summary>The labels every sandbox pod carries.</summary>
public static class SandboxLabels
{
    public const string Tenant = "kabin.dev/tenant";
    public const string Sandbox = "kabin.dev/sandbox";
}
