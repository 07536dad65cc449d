using System.Globalization;

namespace Certsweep.Client.Connection;

/// <summary>Redis clustering: the silos' membership table lives in this Redis server.</summary>
public sealed record RedisClusterAddress(string Host, int Port, bool UseTls, string? User, string? Password, int? Database) : ClusterAddress
{
    /// <summary>The StackExchange.Redis configuration string that Orleans' Redis clustering takes.</summary>
    public string ConnectionString => string.Join(',', new[]
    {
        $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        User is null ? null : $"user={User}",
        Password is null ? null : $"password={Password}",
        UseTls ? "ssl=true" : null,
        Database is { } db ? $"defaultDatabase={db.ToString(CultureInfo.InvariantCulture)}" : null,
    }.OfType<string>());

    /// <summary>The address with the password hidden, for output and logs.</summary>
    public override string ToString() =>
        $"{(UseTls ? "rediss" : "redis")}://{(User is null && Password is null ? string.Empty : $"{User}{(Password is null ? string.Empty : ":***")}@")}{Host}:{Port.ToString(CultureInfo.InvariantCulture)}{(Database is { } db ? $"/{db.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}";
}
