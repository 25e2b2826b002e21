namespace Kabin.Reliability.Tests.Support;

/// <summary>The settling delivery of a redelivery loop and how many attempts it took.</summary>
public sealed record Redelivered(Delivery Final, int Attempts);
