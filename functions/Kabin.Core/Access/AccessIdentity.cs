namespace Kabin.Access;

/// <summary>An authenticated caller: a user or service account name and its groups.</summary>
public sealed record AccessIdentity(string User, IReadOnlyList<string> Groups);
