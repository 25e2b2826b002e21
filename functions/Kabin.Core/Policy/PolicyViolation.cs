namespace Kabin.Policy;

/// <summary>One finding: the rule (<c>vm-isolation/runtime-class</c>, <c>pod-security/privileged</c>, ...), the object's own field path and how to fix it.</summary>
public sealed record PolicyViolation(string Rule, string Path, string Message);
