// Symbol visibility for the shared library. The library is built with
// -fvisibility=hidden; only what is marked MI_EXPORT is part of its ABI.
#ifndef MEETINTENT_EXPORT_H_
#define MEETINTENT_EXPORT_H_

#if defined(MEETINTENT_STATIC_DEFINE)
#define MI_EXPORT
#elif defined(_WIN32)
#if defined(MEETINTENT_BUILDING)
#define MI_EXPORT __declspec(dllexport)
#else
#define MI_EXPORT __declspec(dllimport)
#endif
#else
#define MI_EXPORT __attribute__((visibility("default")))
#endif

#endif  // MEETINTENT_EXPORT_H_
