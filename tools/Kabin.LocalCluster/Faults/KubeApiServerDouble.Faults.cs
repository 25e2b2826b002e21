namespace Kabin.LocalCluster;

public sealed partial class KubeApiServerDouble
{
    /// <summary>The next <paramref name="count"/> matching requests get <paramref name="statusCode"/> and a Status body.</summary>
    public void FailNext(int count, int statusCode, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Status, statusCode, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> matching requests are answered only after <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Delay, 0, delay));

    /// <summary>The next <paramref name="count"/> matching requests lose their connection without an answer.</summary>
    public void DropNext(int count, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Drop, 0, TimeSpan.Zero));

    private void AddFault(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private Fault? TakeFault(RecordedRequest request)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(request));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }
}
