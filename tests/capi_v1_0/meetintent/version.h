// The version header of meetintent 1.0.0, frozen beside the frozen 1.0 meetintent.h:
// programs built against 1.0 must keep working with every later 1.x library.
#ifndef MEETINTENT_VERSION_H_
#define MEETINTENT_VERSION_H_

#define MI_VERSION_MAJOR 1
#define MI_VERSION_MINOR 0
#define MI_VERSION_PATCH 0
#define MI_VERSION_NUMBER (MI_VERSION_MAJOR * 10000 + MI_VERSION_MINOR * 100 + MI_VERSION_PATCH)
#define MEETINTENT_VERSION_STRING "1.0.0"

#endif  // MEETINTENT_VERSION_H_
