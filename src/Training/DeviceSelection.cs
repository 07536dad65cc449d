using TorchSharp;

namespace Certsweep.Training;

/// <summary>Turns a device name (auto, cpu, cuda, cuda:N) into a TorchSharp device.</summary>
public static class DeviceSelection
{
    public static torch.Device Parse(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }

        if (normalized == "cpu")
        {
            return torch.CPU;
        }

        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new ArgumentException($"Device '{name}' was asked for, but CUDA is not available in this build or on this machine (build with -p:TorchBackend=cuda on a machine with an NVIDIA driver).");
            }

            var index = normalized == "cuda" ? 0 : int.Parse(normalized[5..], System.Globalization.CultureInfo.InvariantCulture);
            var count = torch.cuda.device_count();
            if (index < 0 || index >= count)
            {
                throw new ArgumentException($"Device '{name}' does not exist: this machine has {count} CUDA device(s).");
            }

            return new torch.Device(DeviceType.CUDA, index);
        }

        throw new ArgumentException($"Unknown device '{name}'; use auto, cpu, cuda or cuda:N.");
    }
}
