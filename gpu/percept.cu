// Percept's CUDA kernels: a perceptron's outputs, and the binary cross-entropy of up to 16
// weight choices, over a dataset that stays on the GPU. `go generate` compiles this file to
// percept.ptx (see gen.go), which the Go program embeds; the driver compiles the PTX for whatever
// GPU it finds.
//
// Data: n points of d float32 features, row-major, and n labels, one byte each (0 or 1).
// Parameters: for each unit, d weights then the bias, float32.
//
// The cross-entropy of label y for logit z is, stably,
//
//     E = max(z, 0) − y·z + log(1 + e^(−|z|))  =  max(m, 0) + log(1 + e^(−|m|)),   m = (1 − 2y)·z,
//
// m being the logit measured towards the wrong class. Every kernel sums E over groups of points
// (16 in the two-feature kernels, 8 in the others) in float, adds the groups' sums into double
// accumulators, and reduces those in a fixed order, so the result does not depend on scheduling.
// Within a group the logarithms are merged: Σⱼ log(1 + tⱼ) = log(1 + s) with 1 + s = Πⱼ (1 + tⱼ),
// which keeps s's relative accuracy for tiny tⱼ and costs one logarithm per group.

#include <stdint.h>

#define THREADS 256     // threads per block; the Go side launches with this many
#define GROUP 8         // points per group in cross_entropy_n
#define GROUP2 16       // points per group in cross_entropy_2
#define CHUNK2 (32 * GROUP2)  // points a warp reads at a time in cross_entropy_2
#define MAX_UNITS 16

// Units2 holds up to MAX_UNITS two-feature units' parameters, w₁, w₂, b each, passed by value.
struct Units2 {
    float p[MAX_UNITS * 3];
};

// exp2Approx is 2^x by the GPU's special-function unit (relative error about 2⁻²²).
__device__ __forceinline__ float exp2Approx(float x) {
    float r;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x));
    return r;
}

// Group holds one unit's partial sums over a group of points.
struct Group {
    float relu = 0.0f;  // Σ max(m, 0)
    float s = 0.0f;     // Π(1 + e^(−|m|)) − 1

    __device__ __forceinline__ void add(float m) {
        relu += fmaxf(m, 0.0f);
        float t = exp2Approx(fabsf(m) * -1.4426950408889634f);
        s = fmaf(s, t, s + t);  // (1 + s)(1 + t) − 1
    }
    __device__ __forceinline__ float sum() const { return relu + log1pf(s); }
};

// sign returns 1 − 2y for the label in byte j of a pair of labels.
__device__ __forceinline__ float sign(uint16_t labels, int j) {
    return 1.0f - 2.0f * (float)((labels >> (8 * j)) & 1u);
}

// blockReduce adds up v[u] (u < k) over the block's threads in a fixed order, and has thread u
// write unit u's sum to out[u]. All threads must call it.
template <int K>
__device__ void blockReduce(double (&v)[K], int k, double* out) {
    __shared__ double warps[THREADS / 32][K];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
#pragma unroll
    for (int u = 0; u < K; u++) {
        double x = v[u];
        for (int off = 16; off > 0; off /= 2) x += __shfl_down_sync(0xffffffffu, x, off);
        if (lane == 0) warps[warp][u] = x;
    }
    __syncthreads();
    if (threadIdx.x < k) {
        double s = 0.0;
        for (int w = 0; w < THREADS / 32; w++) s += warps[w][threadIdx.x];
        out[threadIdx.x] = s;
    }
    __syncthreads();
}

// finish writes the block's sums to partial[block*k + u]; the last block to finish then adds up
// all blocks' sums, in block order, into sums[u], and resets the counter for the next launch.
template <int K>
__device__ void finish(double (&acc)[K], int k, double* partial, unsigned* counter,
                       double* sums) {
    __shared__ bool last;
    blockReduce<K>(acc, k, partial + (int64_t)blockIdx.x * k);
    __threadfence();  // this block's sums are visible to all before it counts itself done
    __syncthreads();
    if (threadIdx.x == 0) last = atomicAdd(counter, 1u) == gridDim.x - 1;
    __syncthreads();
    if (!last) return;
    __threadfence();
#pragma unroll
    for (int u = 0; u < K; u++) {
        acc[u] = 0.0;
        if (u < k) {
            for (int b = threadIdx.x; b < gridDim.x; b += THREADS) {
                acc[u] += __ldcg(partial + (int64_t)b * k + u);  // from L2, not a stale L1
            }
        }
    }
    blockReduce<K>(acc, k, sums);
    if (threadIdx.x == 0) *counter = 0;
}

// crossEntropy2 sums the cross-entropy of k ≤ K units over n two-feature points. Each warp reads
// CHUNK2 points at a time, in GROUP2 loads of 512 contiguous bytes (a float4, two points, per
// thread) and as many of 64 bytes of labels (two per thread); thread t of the warp sums points
// 64j + 2t and 64j + 2t + 1 of the chunk, for j < GROUP2/2, as one group. The last n mod CHUNK2
// points are a group each.
template <int K>
__device__ void crossEntropy2(const float4* __restrict__ x, const uint16_t* __restrict__ y,
                              int64_t n, const Units2& units, int k, double* partial,
                              unsigned* counter, double* sums) {
    // The parameters stay in the kernel's parameter space, read by the multiply-adds directly.
#define W1 units.p[3 * u]
#define W2 units.p[3 * u + 1]
#define B units.p[3 * u + 2]
    double acc[K];
#pragma unroll
    for (int u = 0; u < K; u++) acc[u] = 0.0;

    const int lane = threadIdx.x % 32;
    const int64_t chunks = n / CHUNK2, warps = (int64_t)gridDim.x * (THREADS / 32);
    for (int64_t c = (blockIdx.x * (int64_t)THREADS + threadIdx.x) / 32; c < chunks; c += warps) {
        float4 v[GROUP2 / 2];
        uint16_t labels[GROUP2 / 2];
#pragma unroll
        for (int j = 0; j < GROUP2 / 2; j++) {
            const int64_t at = c * (CHUNK2 / 2) + 32 * j + lane;
            v[j] = x[at];
            labels[j] = y[at];
        }
#pragma unroll
        for (int u = 0; u < K; u++) {
            if (u >= k) break;
            Group grp;
#pragma unroll
            for (int j = 0; j < GROUP2 / 2; j++) {
                float z0 = fmaf(W2, v[j].y, fmaf(W1, v[j].x, B));
                float z1 = fmaf(W2, v[j].w, fmaf(W1, v[j].z, B));
                grp.add(sign(labels[j], 0) * z0);
                grp.add(sign(labels[j], 1) * z1);
            }
            acc[u] += (double)grp.sum();
        }
    }
    const float* xs = reinterpret_cast<const float*>(x);
    const uint8_t* ys = reinterpret_cast<const uint8_t*>(y);
    for (int64_t i = chunks * CHUNK2 + blockIdx.x * (int64_t)THREADS + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * THREADS) {
        float sg = 1.0f - 2.0f * ys[i];
#pragma unroll
        for (int u = 0; u < K; u++) {
            if (u >= k) break;
            Group grp;
            grp.add(sg * fmaf(W2, xs[2 * i + 1], fmaf(W1, xs[2 * i], B)));
            acc[u] += (double)grp.sum();
        }
    }
#undef W1
#undef W2
#undef B
    finish<K>(acc, k, partial, counter, sums);
}

// crossEntropyN sums the cross-entropy of k ≤ K units over n points of d features, the
// parameters being in shared memory (k·(d + 1) floats).
template <int K>
__device__ void crossEntropyN(const float* __restrict__ x, const uint8_t* __restrict__ y,
                              int64_t n, int d, const float* __restrict__ params, int k,
                              double* partial, unsigned* counter, double* sums) {
    extern __shared__ float p[];
    for (int t = threadIdx.x; t < k * (d + 1); t += THREADS) p[t] = params[t];
    __syncthreads();
    double acc[K];
#pragma unroll
    for (int u = 0; u < K; u++) acc[u] = 0.0;

    const int64_t groups = (n + GROUP - 1) / GROUP, stride = (int64_t)gridDim.x * THREADS;
    for (int64_t g = blockIdx.x * (int64_t)THREADS + threadIdx.x; g < groups; g += stride) {
        const int64_t end = min(n, (g + 1) * GROUP);
#pragma unroll
        for (int u = 0; u < K; u++) {
            if (u >= k) break;
            const float* w = p + u * (d + 1);
            Group grp;
            for (int64_t i = g * GROUP; i < end; i++) {
                const float* xi = x + i * d;
                float z = w[d];
                for (int j = 0; j < d; j++) z = fmaf(w[j], xi[j], z);
                grp.add((1.0f - 2.0f * y[i]) * z);
            }
            acc[u] += (double)grp.sum();
        }
    }
    finish<K>(acc, k, partial, counter, sums);
}

// forward writes a(w·x + b) for each point: the step (1 where w·x + b > 0, else 0) or, if
// sigmoid is not 0, the sigmoid 1/(1 + e^(−z)).
__device__ void forward(const float* __restrict__ x, int64_t n, int d,
                        const float* __restrict__ params, int sigmoid, float* __restrict__ out) {
    for (int64_t i = blockIdx.x * (int64_t)THREADS + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * THREADS) {
        const float* xi = x + i * d;
        float z = params[d];
        for (int j = 0; j < d; j++) z = fmaf(params[j], xi[j], z);
        out[i] = sigmoid ? 1.0f / (1.0f + expf(-z)) : (z > 0.0f ? 1.0f : 0.0f);
    }
}

// The kernels, by name; the Go side lays out their parameters as declared here. Grids of any
// size work; partial must hold gridDim.x·k doubles, and counter start at 0.
extern "C" {

#define CROSS_ENTROPY(K)                                                                      \
    __global__ void __launch_bounds__(THREADS) cross_entropy_2_k##K(                          \
        const float* x, const uint8_t* y, int64_t n, int64_t k, double* partial,              \
        unsigned* counter, double* sums, Units2 units) {                                      \
        crossEntropy2<K>(reinterpret_cast<const float4*>(x),                                  \
                         reinterpret_cast<const uint16_t*>(y), n, units, (int)k, partial,     \
                         counter, sums);                                                      \
    }                                                                                         \
    __global__ void __launch_bounds__(THREADS) cross_entropy_n_k##K(                          \
        const float* x, const uint8_t* y, int64_t n, int64_t d, const float* params,          \
        int64_t k, double* partial, unsigned* counter, double* sums) {                        \
        crossEntropyN<K>(x, y, n, (int)d, params, (int)k, partial, counter, sums);            \
    }

CROSS_ENTROPY(1)
CROSS_ENTROPY(4)
CROSS_ENTROPY(16)

__global__ void __launch_bounds__(THREADS)
forward_act(const float* x, int64_t n, int64_t d, const float* params, int64_t sigmoid,
            float* out) {
    forward(x, n, (int)d, params, (int)sigmoid, out);
}

}  // extern "C"
