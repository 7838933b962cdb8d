namespace Crm.Saas.Api.Tests.Support;

/// <summary>A clock the test moves: real time until <see cref="Set"/>, then frozen where it was put.</summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _now;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now ?? System.GetUtcNow();
        }
    }

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public void Set(DateTime utc)
    {
        lock (_gate)
        {
            _now = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        }
    }

    public void Advance(TimeSpan by) => Set(UtcNow + by);
}
