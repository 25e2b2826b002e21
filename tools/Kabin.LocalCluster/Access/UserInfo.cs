namespace Kabin.LocalCluster;

/// <summary>Who a request comes from, as authentication found it (and as AdmissionReview's userInfo carries it).</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public bool IsMaster => Groups.Contains("system:masters");
}
