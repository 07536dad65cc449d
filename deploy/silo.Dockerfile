# The certsweep-silo image (with the certsweep CLI beside it). Build from the repository root:
#   docker build -f deploy/silo.Dockerfile --build-arg TORCH_BACKEND=cuda -t certsweep-silo .
# TORCH_BACKEND=cuda (default) bundles TorchSharp's libtorch for CUDA 12.8 (NVIDIA driver >= 570 on the host, with
# the NVIDIA container toolkit); TORCH_BACKEND=cpu makes a much smaller CPU-only image.
ARG TORCH_BACKEND=cuda

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Silo/Certsweep.Silo.csproj -c Release -p:TorchBackend=${TORCH_BACKEND} -o /app \
 && dotnet publish src/Client/Certsweep.Client.csproj -c Release -p:TorchBackend=${TORCH_BACKEND} -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl: the compose health check (/readyz); libgomp1: libtorch's OpenMP runtime.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libgomp1 \
 && rm -rf /var/lib/apt/lists/*
# The NVIDIA container runtime mounts the driver (libcuda, and libnvidia-ml for the GPU memory metrics).
# DOTNET_GCgen0size: a 256 MB gen0 budget, so garbage collections rarely land inside a torch operation (see
# docs/architecture.md, "TorchSharp's Scalars").
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    DOTNET_GCgen0size=0x10000000
COPY --from=build /app /app
WORKDIR /app
# 8080: /metrics, /healthz, /readyz; 11111: silo-to-silo; 30000: client gateway.
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "/app/certsweep-silo.dll"]
